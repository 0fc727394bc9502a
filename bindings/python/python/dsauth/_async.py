"""``AsyncClient``: the blocking ``Client`` on a bounded pool of threads.

Every call of the core releases the GIL while it waits on the network, signs
a JWT or reads the shared state, so a thread per call in flight keeps the
event loop free; the pool bounds how many calls run at once (the others
queue). Cancelling the awaiting task returns at once: the thread finishes
its call in the background and its result is dropped.

The threads are started up front by a thread of their own: started on
demand, as ``ThreadPoolExecutor`` does, each would be started (and waited
for) on the event loop's thread, stalling it for tens of milliseconds when
a burst of calls starts them all.
"""

from __future__ import annotations

import asyncio
import functools
import queue
import threading
import weakref
from concurrent.futures import Future
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, Optional, TypeVar

from ._dsauth import (
    Account,
    AuthorizationCodeGrant,
    Client,
    Credentials,
    Environment,
    Pkce,
    Response,
    SoapEndpoint,
    Token,
    UserInfo,
)

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._dsauth import _Body, _Headers, _Query

__all__ = ["AsyncClient", "DEFAULT_MAX_WORKERS"]

#: Calls an ``AsyncClient`` runs at once unless told otherwise.
DEFAULT_MAX_WORKERS = 32

_T = TypeVar("_T")


class _Workers:
    """``count`` daemon threads running the calls put in a queue, started
    by a thread of their own so that the caller never waits for them."""

    def __init__(self, count: int) -> None:
        self.count = count
        self._calls: queue.SimpleQueue[Optional[tuple[Future[Any], Callable[[], Any]]]]
        self._calls = queue.SimpleQueue()
        self.closed = False
        threading.Thread(target=self._start, name="dsauth-async-start", daemon=True).start()

    def _start(self) -> None:
        for n in range(self.count):
            threading.Thread(target=self._work, name=f"dsauth-async-{n}", daemon=True).start()

    def _work(self) -> None:
        while (item := self._calls.get()) is not None:
            future, call = item
            # False when the caller cancelled while the call waited.
            if future.set_running_or_notify_cancel():
                try:
                    future.set_result(call())
                except BaseException as error:
                    future.set_exception(error)

    def submit(self, call: Callable[[], _T]) -> Future[_T]:
        """Queues ``call``; its future."""
        if self.closed:
            raise RuntimeError("the workers are shut down")
        future: Future[_T] = Future()
        self._calls.put((future, call))
        return future

    def shutdown(self) -> None:
        """Each thread stops after the calls queued before."""
        if not self.closed:
            self.closed = True
            for _ in range(self.count):
                self._calls.put(None)


class AsyncClient:
    """The methods of :class:`Client` as coroutines, for asyncio.

    Built like a ``Client`` (same arguments, same shared state), or around
    an existing one with :meth:`wrap`. Calls run on this client's own pool
    of ``max_workers`` threads (default 32): at most that many are in flight,
    the rest wait their turn without blocking the event loop. Use it with
    ``async with``, or ``await close()``.
    """

    def __init__(
        self,
        environment: Environment,
        credentials: Credentials,
        *,
        max_workers: int = DEFAULT_MAX_WORKERS,
        **options: Any,
    ) -> None:
        """A client for ``environment`` authenticating with
        ``credentials``; ``options`` are those of :class:`Client`. No
        network traffic happens until the first call."""
        self._init(Client(environment, credentials, **options), max_workers)

    @classmethod
    def wrap(cls, client: Client, *, max_workers: int = DEFAULT_MAX_WORKERS) -> Self:
        """An ``AsyncClient`` over ``client``: both share its connections,
        tokens, account and state, and closing one closes the other."""
        self = cls.__new__(cls)
        self._init(client, max_workers)
        return self

    def _init(self, client: Client, max_workers: int) -> None:
        if max_workers < 1:
            raise ValueError("max_workers must be at least 1")
        self._client = client
        self._workers = _Workers(max_workers)
        # A client dropped without close() still lets its threads go.
        weakref.finalize(self, self._workers.shutdown)

    async def _run(self, call: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        if self._workers.closed:
            # The client is closed: the call raises ClientClosedError at
            # once, without the network.
            return call(*args, **kwargs)
        # Cancelling the awaiting task cancels the asyncio future at once
        # (and the call, if no thread has taken it yet).
        return await asyncio.wrap_future(self._workers.submit(functools.partial(call, *args, **kwargs)))

    @property
    def sync(self) -> Client:
        """The blocking :class:`Client` underneath (for threads and for
        libraries that want one)."""
        return self._client

    @property
    def environment(self) -> Environment:
        """The environment this client calls."""
        return self._client.environment

    @property
    def credentials(self) -> Credentials:
        """The credentials this client authenticates with."""
        return self._client.credentials

    @property
    def max_workers(self) -> int:
        """How many calls run at once; the others queue."""
        return self._workers.count

    async def account(self) -> Account:
        """The account calls are made for, discovered on first use."""
        return await self._run(lambda: self._client.account)

    async def token(self) -> Token:
        """The OAuth access token in use: the cached one while enough of its
        life remains, else a new one."""
        return await self._run(self._client.token)

    async def token_refused(self, token: Token) -> None:
        """DocuSign answered 401 to ``token``, sent by another HTTP library:
        drop it if it is still current, so that :meth:`token` renews."""
        await self._run(self._client.token_refused, token)

    async def user_info(self) -> UserInfo:
        """The user and accounts behind OAuth credentials, fetched once."""
        return await self._run(lambda: self._client.user_info)

    @staticmethod
    async def exchange_authorization_code(
        environment: Environment,
        grant: AuthorizationCodeGrant,
        code: str,
        *,
        pkce: Optional[Pkce] = None,
        **options: Any,
    ) -> Credentials:
        """:meth:`Client.exchange_authorization_code` on the event loop's
        default executor."""
        loop = asyncio.get_running_loop()
        call = functools.partial(
            Client.exchange_authorization_code, environment, grant, code, pkce=pkce, **options
        )
        return await loop.run_in_executor(None, call)

    async def request(
        self,
        method: str,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """Sends an authenticated REST request (see :meth:`Client.request`)."""
        return await self._run(
            self._client.request,
            method,
            path,
            query=query,
            json=json,
            body=body,
            content_type=content_type,
            headers=headers,
        )

    async def get(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``GET path`` (see :meth:`request`)."""
        return await self._run(self._client.get, path, query=query, headers=headers)

    async def post(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``POST path`` (see :meth:`request`). Never retried."""
        return await self.request(
            "POST", path, query=query, json=json, body=body, content_type=content_type, headers=headers
        )

    async def put(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``PUT path`` (see :meth:`request`)."""
        return await self.request(
            "PUT", path, query=query, json=json, body=body, content_type=content_type, headers=headers
        )

    async def delete(
        self,
        path: str,
        *,
        query: Optional[_Query] = None,
        json: Any = None,
        body: Optional[_Body] = None,
        content_type: Optional[str] = None,
        headers: Optional[_Headers] = None,
    ) -> Response:
        """``DELETE path`` (see :meth:`request`)."""
        return await self.request(
            "DELETE", path, query=query, json=json, body=body, content_type=content_type, headers=headers
        )

    async def soap_call(self, endpoint: SoapEndpoint, operation: str, body: str) -> Response:
        """Calls a SOAP API 3.0 ``operation`` (see :meth:`Client.soap_call`)."""
        return await self._run(self._client.soap_call, endpoint, operation, body)

    async def close(self) -> None:
        """Releases the connections and the threads. Calls afterwards raise
        ``ClientClosedError``; calls already running finish in the
        background. Closing twice is harmless."""
        # Closing may close sockets: not on the loop's thread.
        if not self._client.closed:
            await self._run(self._client.close)
        self._workers.shutdown()

    @property
    def closed(self) -> bool:
        """True after :meth:`close`."""
        return self._client.closed

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc_value: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        await self.close()

    def __repr__(self) -> str:
        return f"Async{self._client!r}"
