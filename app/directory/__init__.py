"""The directory: therapist profiles and the reference vocabularies they point at."""
