"""`formcheck serve`: the local review app for a physical therapist."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from formcheck.errors import UserError
from formcheck.history.location import ENV_VAR

TOKEN_ENV = "FORMCHECK_SERVE_TOKEN"
MAX_PORT = 65535


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `serve` subcommand."""
    p = sub.add_parser("serve", help="local web app to review sessions and flags")
    p.add_argument("--db", type=Path, metavar="FILE",
                   help=f"history database (default: ${ENV_VAR} or the user data folder)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; others need --token)")
    p.add_argument("--port", type=int, default=8765,
                   help=f"TCP port, 1 to {MAX_PORT} (default 8765; 0: any free port, printed)")
    p.add_argument("--token", default=None,
                   help=f"access token required from every client (or ${TOKEN_ENV})")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the bind, then serve until interrupted."""
    if not 0 <= args.port <= MAX_PORT:
        raise UserError(f"--port {args.port}: give a port from 1 to {MAX_PORT} "
                        "(or 0 for any free port)")
    from formcheck.serve.app import create_app, listen, listening_port
    from formcheck.serve.guard import check_bind, is_loopback

    token = args.token if args.token is not None else os.environ.get(TOKEN_ENV) or None
    check_bind(args.host, token)
    app = create_app(args.db, token=token, loopback_only=is_loopback(args.host))
    shown = f"[{args.host}]" if ":" in args.host else args.host
    server = listen(app, args.host, args.port)
    print(f"review app: http://{shown}:{listening_port(server)}/" + ("?token=…" if token else ""),
          flush=True)
    server.run()
    return 0
