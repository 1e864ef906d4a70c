"""A connector for tests that dies like a killed worker after its first page (SystemExit is not an Exception)."""

from sync.connectors.hubfeed import HubFeedConnector


class DyingConnector(HubFeedConnector):
    kind = "dying-hub"
    label = "hub feed that dies after one page"

    def pages(self, *, cursor, full):
        for number, page in enumerate(super().pages(cursor=cursor, full=full), start=1):
            if number == 2:
                raise SystemExit("killed")
            yield page


Connector = DyingConnector
