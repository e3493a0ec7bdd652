"""Two-factor secrets are kept encrypted (onramp/core/crypto.py): existing ones are encrypted in place."""

from django.db import migrations, models


def encrypt_existing(apps, schema_editor):
    from onramp.core import crypto

    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(totp_secret_encrypted="").only("pk", "totp_secret_encrypted"):
        user.totp_secret_encrypted = crypto.encrypt(user.totp_secret_encrypted)
        user.save(update_fields=["totp_secret_encrypted"])


def decrypt_existing(apps, schema_editor):
    from onramp.core import crypto

    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(totp_secret_encrypted="").only("pk", "totp_secret_encrypted"):
        user.totp_secret_encrypted = crypto.decrypt(user.totp_secret_encrypted)
        user.save(update_fields=["totp_secret_encrypted"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_two_factor")]

    operations = [
        migrations.RenameField("user", "totp_secret", "totp_secret_encrypted"),
        migrations.AlterField(
            model_name="user",
            name="totp_secret_encrypted",
            field=models.CharField(
                "two-factor secret, encrypted",
                max_length=255,
                blank=True,
                editable=False,
                help_text="See core/crypto.py.",
            ),
        ),
        migrations.RunPython(encrypt_existing, decrypt_existing),
    ]
