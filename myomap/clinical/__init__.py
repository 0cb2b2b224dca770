"""The pure clinical core. Nothing in this package may import Django or touch a database;
pages, the API and the CLI are thin shells around it."""
