"""Files in and out: the catalogue and calendar, exports, charts, posters."""
