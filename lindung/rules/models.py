# No models of its own: each dated rule lives with the app that applies it (programmes, people,
# coverage, claims); this app only lists their versions and adds new ones.
