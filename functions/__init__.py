"""One module per endpoint; each holds one Blueprint and one thin handler."""
