"""The web application of ``mepcheck serve``: server-rendered German pages over the library.

Layout: :mod:`app` (routes), :mod:`jobs` (what runs in a worker for one plan),
:mod:`isolation` (worker processes with limits), :mod:`upload` (uploads and their
stateless round trip), :mod:`views` (result view model), :mod:`render` and ``templates/``
(Jinja2, autoescaped), :mod:`security` (headers, authentication, size limit),
:mod:`markdown` (rule documentation), :mod:`server` (uvicorn).
"""
