"""Step 2 of an upload: typed tables + the stored rows -> plans of what to create, update or leave unchanged."""
