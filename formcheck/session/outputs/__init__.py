"""What a session writes, one module per output."""
