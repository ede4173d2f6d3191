# The dated rules are registered, read-only, by the apps that own them.
