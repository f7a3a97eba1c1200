"""``reportgen serve``: a local web page for the finance officer and the finance bureau.

Flask (a well-kept web framework) with its own server-rendered Jinja2 pages (``templates/``,
trusted: they are part of reportgen), plain CSS and a few lines of script for progress, all served
locally (no CDN: it works on an offline intranet). Every input goes through the render service
(``reportgen.service``) exactly as on the command line; a user's Word templates are never taken
here (the shipped templates only).

Safety: the request size is bounded (``MAX_CONTENT_LENGTH``) and so are the files of a batch and
the members of a zip (``uploads``); a file's type is read from its bytes; each task has its own
temporary folder under a random id, removed when it expires and when the app stops; tasks belong
to the session that started them; every form carries the session's CSRF token; bound to anything
but the loopback address, the app asks for an access token (``--token`` or one generated and
printed at start).
"""

from __future__ import annotations

import atexit
import ipaddress
import secrets
import tempfile
from pathlib import Path
from typing import Any

from flask import (
    Flask,
    abort,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    session,
    url_for,
)

from . import uploads as up
from . import work
from .tasks import TaskStore

PUBLIC_ENDPOINTS = {"login", "static"}


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def create_app(*, token: str | None = None, max_upload: int = up.MAX_UPLOAD_BYTES, workers: int = 2,
               temp_root: Path | None = None) -> Flask:
    """The app. ``token``: when given, every page asks for it once per session (login form)."""
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secrets.token_bytes(32),  # sessions end when the app stops
        MAX_CONTENT_LENGTH=max_upload,
        MAX_FORM_PARTS=up.MAX_FILES + 20,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        ACCESS_TOKEN=token,
        JSON_AS_ASCII=False,
    )
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    store = TaskStore(temp_root, workers=workers)
    app.extensions["reportgen_tasks"] = store
    atexit.register(store.close)

    def owner() -> str:
        if "sid" not in session:
            session["sid"] = secrets.token_urlsafe(24)
            session["csrf"] = secrets.token_urlsafe(24)
        return session["sid"]

    def csrf_token() -> str:
        owner()
        return session["csrf"]

    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def guard() -> Any:
        owner()
        if app.config["ACCESS_TOKEN"] and not session.get("authorized") and request.endpoint not in PUBLIC_ENDPOINTS:
            if request.method == "GET" and request.endpoint != "status":
                return redirect(url_for("login", next=request.path))
            abort(403)
        if request.method == "POST":
            sent = request.form.get("csrf", "")
            if not secrets.compare_digest(sent, session.get("csrf", "")):
                return render_template("message.html", title="页面已过期", text="页面已过期或来源不明（安全校验未通过），请刷新页面后重试。"), 400
        return None

    @app.after_request
    def headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        response.headers.setdefault(
            "Content-Security-Policy", "default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:"
        )
        if request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(413)
    def too_large(_error):
        limit = app.config["MAX_CONTENT_LENGTH"] // 1024 // 1024
        return render_template("message.html", title="文件过大", text=f"上传的文件过大（一次最多 {limit} MB）。"), 413

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("message.html", title="找不到", text="找不到这个页面或任务（任务只对开始它的浏览器可见，超过两小时未用会被清除）。"), 404

    @app.errorhandler(403)
    def forbidden(_error):
        return render_template("message.html", title="需要访问口令", text="请先输入访问口令。"), 403

    # --- access token ----------------------------------------------------------------------

    @app.route("/login", methods=["GET", "POST"])
    def login():
        wrong = False
        if request.method == "POST":
            given = request.form.get("token", "")
            expected = app.config["ACCESS_TOKEN"] or ""
            if expected and secrets.compare_digest(given.encode(), expected.encode()):
                session["authorized"] = True
                target = request.args.get("next", "/")
                return redirect(target if target.startswith("/") and not target.startswith("//") else "/")
            wrong = True
        return render_template("login.html", wrong=wrong), (401 if wrong else 200)

    # --- the officer -----------------------------------------------------------------------

    def task_or_404(task_id: str, kind: str | None = None):
        task = store.get(owner(), task_id)
        if task is None or (kind and task.kind != kind):
            abort(404)
        return task

    @app.get("/")
    def officer():
        latest = store.get(owner(), session.get("latest", ""))
        return render_template("officer.html", latest=latest, page="officer")

    @app.get("/blank.xlsx")
    def blank():
        from ..excel.convert import KIND_WORDS, init

        kind = request.args.get("kind", "final_accounts")
        if kind not in KIND_WORDS:
            abort(404)
        with tempfile.TemporaryDirectory(dir=store.root) as folder:
            data = init(Path(folder) / "blank.xlsx", kind).read_bytes()
        return send_file(_bytes(data), download_name=f"{KIND_WORDS[kind]}输入（空白）.xlsx", as_attachment=True,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.post("/check")
    def check():
        file = request.files.get("input")
        if file is None or not file.filename and not file.content_length:
            return _rejected("请选择要上传的文件（Excel 工作簿 .xlsx、YAML 或 JSON）。")
        try:
            upload = up.read_input(file.read(up.MAX_INPUT_BYTES + 1), file.filename or "输入")
        except up.UploadRejected as exc:
            return _rejected(str(exc))
        targets = None
        companion = request.files.get("targets")
        if companion is not None and companion.filename:
            try:
                targets = up.read_input(companion.read(up.MAX_INPUT_BYTES + 1), companion.filename)
            except up.UploadRejected as exc:
                return _rejected(f"绩效目标文件：{exc}")
        previous = store.get(owner(), session.get("latest", ""))
        if previous is not None and (previous.state != "done" or previous.kind != "check"):
            previous = None
        task = store.start(owner(), "check", lambda task: work.check(task, upload, previous, targets))
        session["latest"] = task.id
        return redirect(url_for("show", task_id=task.id))

    @app.post("/task/<task_id>/render")
    def render(task_id: str):
        parent = task_or_404(task_id, "check")
        kinds = {offer.kind: offer for offer in work.offers(parent.result.get("kind", ""))}
        kind = request.form.get("kind", "")
        fmt = request.form.get("format", "docx")
        if kind not in kinds or fmt not in ("docx", "pdf") or (fmt == "pdf" and not kinds[kind].pdf):
            abort(404)
        force = request.form.get("force") == "1"
        task = store.start(owner(), "render", lambda task: work.render_kind(task, parent, kind, fmt, force), parent=parent.id)
        return redirect(url_for("show", task_id=task.id))

    @app.get("/task/<task_id>")
    def show(task_id: str):
        task = task_or_404(task_id)
        if not task.finished:
            return render_template("progress.html", task=task, status=task.status(), page=_page(task))
        parent = store.get(owner(), task.parent) if task.parent else None
        offers = work.offers(task.result.get("kind", "")) if task.kind == "check" else []
        return render_template(f"{task.kind}.html", task=task, parent=parent, offers=offers,
                               findings=work.finding_rows(task.issues) if task.state == "failed" else None,
                               page=_page(task))

    @app.get("/task/<task_id>/status")
    def status(task_id: str):
        task = store.get(owner(), task_id)
        if task is None:
            return jsonify({"state": "missing"}), 404
        return jsonify(task.status())

    @app.get("/task/<task_id>/download")
    def download(task_id: str):
        task = task_or_404(task_id)
        if task.state != "done":
            abort(404)
        if task.kind == "batch":
            path, name = task.folder / work.BUNDLE_FILE, "全部报告与汇总表.zip"
        elif task.kind == "render" and task.result.get("file"):
            path, name = task.folder / task.result["file"], task.result["download_name"]
        else:
            abort(404)
        return send_file(path, download_name=up.safe_name(name, "报告"), as_attachment=True)

    # --- the bureau ------------------------------------------------------------------------

    @app.get("/bureau")
    def bureau():
        return render_template("bureau_upload.html", page="bureau", limits=up)

    @app.post("/bureau")
    def bureau_start():
        files = request.files.getlist("inputs")
        if len(files) > up.MAX_FILES:
            return _rejected(f"文件过多：一次最多 {up.MAX_FILES} 个文件。", page="bureau")
        try:
            uploads = up.read_bundle([(f.filename or "输入", f.read(up.MAX_UPLOAD_BYTES + 1)) for f in files])
        except up.UploadRejected as exc:
            return _rejected(str(exc), page="bureau")
        force = request.form.get("force") == "1"
        task = store.start(owner(), "batch", lambda task: work.batch(task, uploads, force))
        return redirect(url_for("show", task_id=task.id))

    return app


def _page(task) -> str:
    return "bureau" if task.kind == "batch" else "officer"


def _rejected(text: str, page: str = "officer"):
    return render_template("message.html", title="文件未被接受", text=text, page=page, back=url_for(page)), 400


def _bytes(data: bytes):
    import io

    return io.BytesIO(data)


def serve(host: str = "127.0.0.1", port: int = 8000, token: str | None = None, echo=print) -> None:
    """Run the app until interrupted: waitress (a production WSGI server, pure Python) when it is
    installed, else Werkzeug's server. Off the loopback address an access token is required.
    Raises ``ReportgenError`` when the address cannot be used (a port already taken)."""
    import signal
    import threading

    from ..diagnostics import ReportgenError, os_reason

    if not is_loopback(host) and not token:
        token = secrets.token_urlsafe(12)
        echo(f"已生成访问口令：{token}（其他电脑打开页面时需输入；也可用 --token 指定）")
    app = create_app(token=token)
    store = app.extensions["reportgen_tasks"]
    try:
        try:
            from waitress import create_server
        except ImportError:
            from werkzeug.serving import make_server as create_server  # type: ignore[assignment]

            server = create_server(host, port, app, threaded=True)
            run = server.serve_forever
        else:
            server = create_server(app, host=host, port=port, threads=8)
            run = server.run
    except OSError as exc:
        store.close()
        import errno

        if exc.errno == errno.EADDRINUSE:
            raise ReportgenError(f"无法在 {host}:{port} 上启动：端口 {port} 已被占用，请用 --port 换一个端口") from None
        raise ReportgenError(f"无法在 {host}:{port} 上启动（{os_reason(exc)}）：请检查 --host 与 --port") from None
    from .. import service

    service.settle()  # the app and its modules stay for the server's life: off the collector's walks
    shown = f"[{host}]" if ":" in host else host
    echo(f"reportgen 网页已启动：http://{shown}:{port}/  （按 Ctrl+C 停止）")

    def stop(_signum, _frame):  # a plain `kill` ends the app like Ctrl+C: its folders are removed
        raise KeyboardInterrupt

    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if main else None
    try:
        run()
    except KeyboardInterrupt:
        echo("已停止。")
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        close = getattr(server, "close", None) or getattr(server, "server_close", None)
        if close:
            close()
        store.close()


__all__ = ["create_app", "is_loopback", "serve"]
