"""Named entities: the trained tagger, gazetteers, titles and roles."""
