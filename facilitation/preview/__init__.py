"""`facilitation serve`: a live preview of one charity's workshops for content editors.

- `state`: gathers the pack (again only what changed), keeps the last good one and the problems;
- `slides`: draws a built deck's slides as SVG, from the same DeckBuilder the deck writer uses;
- `pages`: the HTML pages (index, workshop, online session, problems);
- `server`: the HTTP server (stdlib), the file watcher (watchfiles) and live reload (server-sent events).

No module here imports click (only facilitation.cli does).
"""
