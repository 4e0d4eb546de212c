"""A news site on loopback for the live-ingestion tests and bench: feeds, Arabic article pages and every fault the
watcher must survive (a slow page, a 500, a redirect loop, a windows-1256 page, a robots.txt rule, 304s, a
republished article). Routes are plain data the test changes between polls; every request is logged."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0
    location: str | None = None


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: without this, delayed ACKs add 40 ms each

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        server: LoopbackSite = self.server.site  # type: ignore[attr-defined]
        path = self.path.split("#", 1)[0]
        server.log.append((path, dict(self.headers)))
        route = server.routes.get(path) or server.routes.get(path.split("?", 1)[0])
        if route is None:
            self._send(404, b"not found", "text/plain")
            return
        if route.delay:
            time.sleep(route.delay)
        if route.location:
            self._send(route.status if route.status in (301, 302, 303, 307, 308) else 302, b"", "text/plain",
                       {"Location": route.location})
            return
        validators = {}
        if route.etag:
            validators["ETag"] = route.etag
        if route.last_modified:
            validators["Last-Modified"] = route.last_modified
        if (route.etag and self.headers.get("If-None-Match") == route.etag) or \
                (route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified):
            self._send(304, b"", None, validators)
            return
        self._send(route.status, route.body, route.content_type, validators)

    def _send(self, status: int, body: bytes, ctype: str | None, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if body:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the slow page's timeout)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client that timed out and left is expected here


class LoopbackSite:
    """``with LoopbackSite() as site:`` serves ``site.routes`` on 127.0.0.1; ``site.url(path)``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.site = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p == path]

    def __enter__(self) -> LoopbackSite:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


# -- content ----------------------------------------------------------------------------------------------------------

def http_date(t: float) -> str:
    return formatdate(t, usegmt=True)


def page(title: str, paragraphs: list[str], *, date: str | None = None, author: str | None = None,
         charset: str = "utf-8") -> bytes:
    """An article page as a news site serves it: metadata in <head>, the text in <article>, some boilerplate."""
    head = [f'<meta charset="{charset}">', f"<title>{title}</title>"]
    if date:
        head.append(f'<meta property="article:published_time" content="{date}">')
    if author:
        head.append(f'<meta name="author" content="{author}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    html = (f'<!DOCTYPE html><html lang="ar" dir="rtl"><head>{"".join(head)}</head><body>'
            f'<nav><a href="/">الرئيسية</a> | <a href="/politics">سياسة</a></nav>'
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>جميع الحقوق محفوظة</footer></body></html>")
    return html.encode(charset)


def rss(items: list[dict[str, str]], *, title: str = "أخبار") -> bytes:
    """An RSS 2.0 feed of {link, title, pubDate?} items."""
    xml = ['<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>', f"<title>{title}</title>",
           "<link>http://example.invalid/</link><description>test</description>"]
    for it in items:
        xml.append(f"<item><title>{it['title']}</title><link>{it['link']}</link>"
                   + (f"<pubDate>{it['pubDate']}</pubDate>" if it.get("pubDate") else "") + "</item>")
    xml.append("</channel></rss>")
    return "".join(xml).encode("utf-8")


def atom(entries: list[dict[str, str]], *, title: str = "وكالة") -> bytes:
    xml = ['<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{title}</title><id>urn:test</id><updated>2015-08-10T00:00:00Z</updated>"]
    for e in entries:
        xml.append(f'<entry><title>{e["title"]}</title><id>{e["link"]}</id><link href="{e["link"]}"/>'
                   f'<updated>{e.get("updated", "2015-08-10T08:00:00Z")}</updated></entry>')
    xml.append("</feed>")
    return "".join(xml).encode("utf-8")


def sitemap(urls: list[tuple[str, str | None]]) -> bytes:
    xml = ['<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for loc, lastmod in urls:
        xml.append(f"<url><loc>{loc}</loc>" + (f"<lastmod>{lastmod}</lastmod>" if lastmod else "") + "</url>")
    xml.append("</urlset>")
    return "".join(xml).encode("utf-8")


# Articles (fictional, written for these tests, in wire style).
ZARIF = [
    "طهران - ارنا - التقى وزير الخارجية الإيراني محمد جواد ظريف نظيره الروسي سيرغي لافروف في موسكو اليوم "
    "الاثنين، وبحث الجانبان العلاقات الثنائية والتطورات الإقليمية.",
    "وقال ظريف في مؤتمر صحفي مشترك إن البلدين يتفقان على ضرورة الحل السياسي للأزمة السورية، وأكد أن التعاون "
    "بين طهران وموسكو سيستمر في مختلف المجالات.",
    "وأضاف لافروف أن روسيا ترحب بالاتفاق النووي الذي وقعته إيران مع القوى الكبرى، ودعا الدول الغربية إلى رفع "
    "العقوبات المفروضة على طهران في أقرب وقت.",
]
SEOUL = [
    "سول 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس",
    "اتهمت كوريا الجنوبية اليوم كوريا الشمالية بزرع ألغام أرضية قرب الحدود بين البلدين أدت إلى إصابة جنديين "
    "كوريين جنوبيين بجروح خطيرة الأسبوع الماضي.",
    "وقالت وزارة الدفاع الكورية الجنوبية في بيان إن الجيش سيرد بقوة على أي استفزاز جديد، وطالبت بيونغ يانغ "
    "بالاعتذار ومعاقبة المسؤولين عن الحادث.",
    "ودان رئيس الوزراء الكوري الجنوبي الهجوم، ووصفه بأنه انتهاك صارخ لاتفاق الهدنة الموقع بين البلدين.",
]
SEOUL_EDITED = [
    "سول 25 شوال 1436 هـ الموافق 10 أغسطس 2015 م واس",
    "اتهمت كوريا الجنوبية اليوم كوريا الشمالية بزرع ألغام أرضية قرب الحدود بين البلدين أدت إلى إصابة جنديين "
    "كوريين جنوبيين بجروح خطيرة الأسبوع الماضي.",
    "وقالت وزارة الدفاع الكورية الجنوبية في بيان إن الجيش سيرد بقوة على أي استفزاز جديد، وطالبت بيونغ يانغ "
    "بالاعتذار ومعاقبة المسؤولين عن الحادث.",
    "ودان رئيس الوزراء الكوري الجنوبي الهجوم، ووصفه بأنه انتهاك صارخ لاتفاق الهدنة الموقع بين البلدين، فيما "
    "لم يصدر أي تعليق من بيونغ يانغ حتى الآن.",
]
CAIRO = [
    "القاهرة (رويترز) - استقبل الرئيس المصري عبد الفتاح السيسي في القاهرة اليوم وزير الخارجية الأمريكي جون "
    "كيري، وبحث معه العلاقات بين البلدين والأوضاع في ليبيا واليمن.",
    "وقال المتحدث باسم الرئاسة المصرية إن السيسي أكد خلال اللقاء أهمية التعاون في مكافحة الإرهاب، وإن كيري "
    "أشاد بدور مصر في المنطقة.",
    "وكان كيري قد وصل إلى القاهرة أمس في زيارة تستمر يومين يلتقي خلالها عددا من المسؤولين المصريين.",
]
RIYADH = [
    "واس - الرياض: وقعت المملكة العربية السعودية وفرنسا اليوم اتفاقية للتعاون في مجال الطاقة المتجددة خلال "
    "زيارة وزير الخارجية الفرنسي لوران فابيوس إلى الرياض.",
    "وأوضح بيان مشترك أن الاتفاقية تشمل تبادل الخبرات وتدريب الكوادر، وأن البلدين سيعقدان اجتماعا آخر في "
    "باريس قبل نهاية العام.",
    "وأشاد فابيوس بالعلاقات المتميزة بين البلدين، مؤكدا حرص فرنسا على توسيع الشراكة الاقتصادية مع المملكة.",
]
