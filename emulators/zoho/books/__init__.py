"""The Books v3 side of the Zoho emulator: entities, listing, the request pipeline and routes."""
