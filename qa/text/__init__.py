"""Reading Chinese policy text, shared by every stage: numerals, compatibility forms, places,
keyword tokens and content hashes. Nothing here knows about documents, clauses or the index."""
