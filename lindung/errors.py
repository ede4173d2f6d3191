class DomainError(Exception):
    """A rule was broken; `message` tells the user, in Indonesian, what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message
