"""What a session writes, one module per output, named in one registry.

See :mod:`formcheck.session.outputs.registry` for the names (``video``,
``track``, ``json``, ``html``, ``summary``) and :class:`~formcheck.session.outputs.base.Output`
for what an output module implements.
"""
