"""Files dropped in the ``order-uploads`` container: imported by the same service as the upload endpoint."""
