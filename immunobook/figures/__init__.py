"""Chapter illustrations that are neither data views nor models."""
