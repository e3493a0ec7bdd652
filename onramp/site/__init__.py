"""Home, navigation, the caseload and the record that gather every stage, and the demo and synthetic data."""
