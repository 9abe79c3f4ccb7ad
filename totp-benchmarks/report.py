#!/usr/bin/env python3
"""Writes docs/benchmarks.md from JMH's JSON results (run by totp-benchmarks/run.sh).

Usage: report.py RESULT.json OUTPUT.md --command CMD --jmh-command CMD --started ISO
                 --load-before "1 5 15" --load-after "1 5 15" [--quick]

Medians: for each benchmark, the median of the measured iterations of each fork is taken, then
the median of those fork medians (with two forks, their midpoint). Every ratio and every target
uses these medians; the table also shows JMH's own score (the mean of all iterations) with its
99.9% confidence half-width.
"""

import argparse
import json
import os
import platform
import statistics
import sys

PACKAGE = "io.github.otpkit.totp.benchmarks."

# What each method is, per benchmark class: (label, kind), kind in floor / otpkit / peer / info.
# "verifier" marks the peers that can verify on their own (the verify targets compare with them).
LABELS = {
    "GenerateBenchmark": {
        "floor": ("floor (a): prepared pads, 2 clones + 2 SHA-1 compressions (int)", "floor"),
        "otpkit": ("otpkit `TotpGenerator.generate(Instant)` (String)", "otpkit"),
        "otpkitValue": ("otpkit `TotpGenerator.valueAtStep(stepAt(Instant))` (int)", "otpkit"),
        "javaOtp": ("java-otp 0.4.0 `generateOneTimePassword(Key, Instant)` (int)", "peer"),
        "javaOtpString": (
            "java-otp 0.4.0 `generateOneTimePasswordString(Key, Instant, ROOT)` (String)", "peer"),
        "googleAuth": ("googleauth 1.5.0 `getTotpPassword(String, long)` (int)", "peer"),
        "javaTotp": ("java-totp 1.7.1 `DefaultCodeGenerator.generate(String, long)` (String)",
                     "peer"),
        "otpJava": ("otp-java 2.1.0 `TOTPGenerator.at(Instant)` (String)", "peer"),
    },
    "VerifyBenchmark": {
        "floor": ("floor (b): pads once per call, 3 candidates, 8 compressions", "floor"),
        "otpkit": ("otpkit `TotpVerifier.matchWithoutReplayProtection(OtpSecret, code, Instant)`",
                   "otpkit"),
        "otpkitFromBase32": ("otpkit, the secret from Base32 on every call: "
                             "`OtpSecret.fromBase32(text)`, then the same", "otpkit"),
        "googleAuth": ("googleauth 1.5.0 `authorize(String, int, long)`, window 3", "verifier"),
        "javaTotp": ("java-totp 1.7.1 `DefaultCodeVerifier.isValidCode(String, String)`",
                     "verifier"),
        "otpJava": ("otp-java 2.1.0 `new TOTPGenerator.Builder(..).build().verify(code, 1)`",
                    "verifier"),
        "javaOtp": ("java-otp 0.4.0, caller's loop over `generateOneTimePassword` (no verify API)",
                    "peer"),
    },
    "VerifyWithStoreBenchmark": {
        "valid": ("otpkit `TotpVerifier.verify` + `InMemoryAccountStateStore`, valid code",
                  "otpkit"),
        "wrong": ("otpkit `TotpVerifier.verify` + `InMemoryAccountStateStore`, wrong code",
                  "otpkit"),
    },
    "HotpVerifyBenchmark": {
        "floor": ("floor: pads once per call, 11 candidates, 24 compressions", "floor"),
        "otpkit": ("otpkit `HotpVerifier.matchWithoutReplayProtection`, look-ahead 10", "otpkit"),
        "otpJava": ("otp-java 2.1.0 `HOTPGenerator.verify(code, C+5, 5)` (covers C..C+10)",
                    "verifier"),
    },
    "Base32Benchmark": {
        "otpkit": ("otpkit `OtpSecret.fromBase32` (validating)", "otpkit"),
        "commonsCodec": ("commons-codec `new Base32().decode(String)` (what the peers do per code)",
                         "peer"),
        "commonsCodecReused": ("commons-codec `Base32.decode(String)`, instance reused", "peer"),
    },
    "QrBenchmark": {
        "encodeOtpkit": ("otpkit `QrRenderer.encode` (zxing `Encoder`, level M)", "otpkit"),
        "encodeZxing": ("zxing `QRCodeWriter.encode` (level M, margin 4, 318 px)", "peer"),
        "pngOtpkit": ("otpkit `QrRenderer.png(QrCode)`, same matrix", "otpkit"),
        "pngZxing": ("zxing `MatrixToImageWriter.writeToStream` + ImageIO, same matrix", "peer"),
        "pngZxingNoCache": ("the same with `ImageIO.setUseCache(false)`", "peer"),
        "svgOtpkit": ("otpkit `QrRenderer.svg(QrCode)`, same matrix (zxing has no SVG)", "otpkit"),
        "pngOtpkitFromUri": ("otpkit `QrRenderer.png(OtpAuthUri)`: URI to PNG bytes", "otpkit"),
        "svgOtpkitFromUri": ("otpkit `QrRenderer.svg(OtpAuthUri)`: URI to SVG text", "otpkit"),
        "pngZxingFromUri": ("zxing: `revealUriString()`, `QRCodeWriter.encode`, "
                            "`MatrixToImageWriter` + ImageIO: URI to PNG bytes", "peer"),
        "pngZxingFromUriNoCache": ("the same with `ImageIO.setUseCache(false)`", "peer"),
        "pngJavaTotp": ("java-totp 1.7.1 `ZxingPngQrGenerator.generate(QrData)` (its own URI)",
                        "peer"),
    },
    "JdbcStoreBenchmark": {
        "oneThread": ("otpkit `TotpVerifier.verify` + `JdbcStore` on H2, 1 thread",
                      "otpkit"),
        "eightThreads": ("the same, 8 threads (total throughput)", "otpkit"),
    },
    "PostgresSignInBenchmark": {
        "signInOneThread": ("otpkit `TwoFactorService.verify`, accepted, `JdbcStore` on "
                            "PostgreSQL (HikariCP), 1 thread", "otpkit"),
        "signInEightThreads": ("the same, 8 threads (total throughput)", "otpkit"),
        "floorOneThread": ("floor: `SELECT` + `UPDATE` by primary key, one connection, 1 thread",
                           "floor"),
        "floorEightThreads": ("floor, 8 threads (total throughput)", "floor"),
        "deleteExpiredEnrollments": ("`TwoFactorService.deleteExpiredEnrollments()`, nothing "
                                     "expired, 1 thread", "otpkit"),
    },
}

# QR cases are compared within their group only: encoding, rendering one matrix, or both.
QR_GROUPS = {
    "encodeOtpkit": "encode", "encodeZxing": "encode",
    "pngOtpkit": "render", "pngZxing": "render", "pngZxingNoCache": "render", "svgOtpkit": "render",
    "pngOtpkitFromUri": "uri", "svgOtpkitFromUri": "uri", "pngZxingFromUri": "uri",
    "pngZxingFromUriNoCache": "uri", "pngJavaTotp": "uri",
}
QR_GROUP_ORDER = {"uri": 1, "render": 2, "encode": 3}

NOTES = {
    "GenerateBenchmark": "Speed-up: against the fastest peer of any return type.",
    "VerifyWithStoreBenchmark": "× floor: against floor (b) of the same code; × without store: "
                                "against `VerifyBenchmark.otpkit` of the same code.",
    "HotpVerifyBenchmark": "otp-java is the only peer with HOTP verification.",
    "QrBenchmark": "Rows are grouped: end to end from the `OtpAuthUri` to the image (what an "
                   "enrollment page does; the headline figure), rendering one matrix already "
                   "encoded (the PNG target of issue 7), and encoding alone; speed-ups compare "
                   "within a group. The zxing rows draw the same matrix with the same level (M), "
                   "quiet zone (4) and size (318 px); their PNG files differ in bytes (ImageIO's "
                   "writer), not in pixels.",
    "PostgresSignInBenchmark": "param: accounts in the tables (each with a state row and ten "
                               "recovery codes). The floor runs on the same pool and rows, in the "
                               "same run; *floor / this* is the floor's median rate over this "
                               "row's (target: at most 1.5).",
    "VerifyBenchmark": "Speed-up: against the fastest peer that can verify (java-otp 0.4.0 has no "
                       "verify API; its row is a caller's own loop and is shown for reference). "
                       "The peers that verify take the Base32 text on every call, like the "
                       "*from Base32* row; the plain otpkit row takes an `OtpSecret` decoded once.",
}

SECTIONS = [
    ("GenerateBenchmark", "Generate one TOTP code (key bound once)"),
    ("VerifyBenchmark", "Verify a TOTP code, window ±1, secret per call, no store"),
    ("VerifyWithStoreBenchmark", "Verify with the in-memory replay store"),
    ("HotpVerifyBenchmark", "Verify an HOTP code, look-ahead 10"),
    ("Base32Benchmark", "Decode a 32-character Base32 secret"),
    ("QrBenchmark", "QR code of a typical otpauth URI (version 7, 318 × 318 px)"),
    ("JdbcStoreBenchmark", "Verification throughput through the JDBC store on H2"),
    ("PostgresSignInBenchmark", "Sign-ins through TwoFactorService on PostgreSQL, beside the floor"),
]


# Targets of issue 12 (item 9): the single HMAC code path close to the floors.
GENERATE_LIMIT = 1.15
VERIFY_LIMIT = 1.1

README_BEGIN = "<!-- benchmark-figures:begin (generated: totp-benchmarks/readme-figures.py) -->"
README_END = "<!-- benchmark-figures:end -->"


def read_plans(directory):
    """PostgresSignInBenchmark's EXPLAIN output per number of accounts, if the run wrote any."""
    plans = {}
    if not directory or not os.path.isdir(directory):
        return plans
    for name in sorted(os.listdir(directory)):
        if name.startswith("deleteExpiredEnrollments-") and name.endswith(".txt"):
            accounts = name[len("deleteExpiredEnrollments-"):-len(".txt")]
            with open(os.path.join(directory, name), encoding="utf-8") as f:
                plans[accounts] = f.read()
    return plans


def write_plans(w, directory, rows):
    plans = read_plans(directory)
    measured = {r.key[2] for r in rows}
    plans = {k: v for k, v in plans.items() if k in measured}
    if not plans:
        w("No `EXPLAIN` output of `deleteExpiredEnrollments` was recorded in this run "
          "(run.sh sets `OTPKIT_BENCH_PLAN_DIR`).")
        w("")
        return
    w("`deleteExpiredEnrollments()` without a full scan: each trial records the statements that "
      "the store runs (its own SQL and parameters, through a recording `DataSource`) and asks "
      "PostgreSQL for their plans with `EXPLAIN`; from 100,000 accounts on, a `Seq Scan` fails "
      "the trial.")
    w("")
    for accounts, text in sorted(plans.items(), key=lambda kv: int(kv[0])):
        w(f"{int(accounts):,} accounts:")
        w("")
        w("```")
        for line in text.rstrip("\n").split("\n"):
            w(line)
        w("```")
        w("")


def human_ns(ns):
    """A duration for the README: 645 ns, 1,298 ns, 111 µs, 2.62 ms."""
    if ns is None:
        return "–"
    if ns < 10_000:
        return f"{ns:,.0f} ns"
    if ns < 1_000_000:
        us = ns / 1000
        return f"{us:.0f} µs" if us >= 100 else f"{us:.1f} µs"
    return f"{ns / 1_000_000:.2f} ms"


def human_rate(ops):
    """A rate for the README: 57k, 2.1k, 950."""
    if ops >= 10_000:
        return f"{ops / 1000:.0f}k"
    if ops >= 1000:
        return f"{ops / 1000:.1f}k"
    return f"{ops:.0f}"


def times(value):
    return f"{value:.2f} ×" if value < 10 else f"{value:.1f} ×"


PEER_NAMES = {
    "javaOtp": "java-otp", "javaOtpString": "java-otp", "googleAuth": "googleauth",
    "javaTotp": "java-totp", "otpJava": "otp-java", "pngZxing": "zxing + ImageIO",
    "pngZxingNoCache": "zxing + ImageIO", "pngZxingFromUri": "zxing + ImageIO",
    "pngZxingFromUriNoCache": "zxing + ImageIO", "pngJavaTotp": "java-totp",
}


def readme_block(results, by_key, args):
    """The README's figures: a table and a sentence, every number from this run."""
    def get(cls, method, param=""):
        return by_key.get((cls, method, param))

    def fastest(cls, methods, param=""):
        rows = [r for r in (get(cls, m, param) for m in methods) if r]
        return min(rows, key=lambda r: r.median) if rows else None

    def peer_cells(ours, peer, note=""):
        if not ours or not peer:
            return ["–", "–"]
        speed = peer.median / ours.median
        return [f"{PEER_NAMES.get(peer.method, peer.method)} {human_ns(peer.median)}{note}",
                f"{times(speed)} faster" if speed >= 1 else f"{times(1 / speed)} slower"]

    def with_bytes(r):
        return f"{human_ns(r.median)}, {fmt(r.bytes)} B" if r.bytes is not None \
            else human_ns(r.median)

    def floor_cell(ours, floor):
        if not ours or not floor:
            return "–"
        return f"{human_ns(floor.median)} ({times(ours.median / floor.median)})"

    rows = []
    g, gf = get("GenerateBenchmark", "otpkit"), get("GenerateBenchmark", "floor")
    if g:
        rows.append(["generate one code, key bound once", with_bytes(g), floor_cell(g, gf)]
                    + peer_cells(g, fastest("GenerateBenchmark",
                                            ["javaOtp", "javaOtpString", "googleAuth", "javaTotp",
                                             "otpJava"])))
    verifiers = ["googleAuth", "javaTotp", "otpJava"]
    v = get("VerifyBenchmark", "otpkit", "wrong")
    vf = get("VerifyBenchmark", "floor", "wrong")
    vp = fastest("VerifyBenchmark", verifiers, "wrong")
    if v:
        rows.append(["verify at sign-in, window ±1, wrong code, `OtpSecret` at hand", with_bytes(v),
                     floor_cell(v, vf)] + peer_cells(v, vp))
    b = get("VerifyBenchmark", "otpkitFromBase32", "wrong")
    if b:
        rows.append(["the same, the secret from Base32 on every call (as the peers take it)",
                     with_bytes(b), "–"] + peer_cells(b, vp))
    st = get("VerifyWithStoreBenchmark", "wrong")
    if st and v:
        rows.append(["the same with replay protection and throttling (in-memory store)",
                     human_ns(st.median), "–", "–", f"{times(st.median / v.median)} without"])
    h = get("HotpVerifyBenchmark", "otpkit", "wrong")
    if h:
        rows.append(["HOTP verify, look-ahead 10, wrong code", human_ns(h.median),
                     floor_cell(h, get("HotpVerifyBenchmark", "floor", "wrong"))]
                    + peer_cells(h, get("HotpVerifyBenchmark", "otpJava", "wrong")))
    q = get("QrBenchmark", "pngOtpkitFromUri")
    if q:
        rows.append(["QR code, otpauth URI to PNG bytes (encode and draw)", human_ns(q.median), "–"]
                    + peer_cells(q, fastest("QrBenchmark",
                                            ["pngZxingFromUri", "pngZxingFromUriNoCache"])))
    d = get("QrBenchmark", "pngOtpkit")
    if d:
        rows.append(["QR drawing step alone (PNG of an encoded matrix)", human_ns(d.median), "–"]
                    + peer_cells(d, fastest("QrBenchmark", ["pngZxing", "pngZxingNoCache"])))
    jdbc = []
    for db, name in (("mem", "memory"), ("file", "file")):
        one, eight = get("JdbcStoreBenchmark", "oneThread", db), \
            get("JdbcStoreBenchmark", "eightThreads", db)
        if one and eight:
            jdbc.append(f"{name} {human_rate(one.median)} / {human_rate(eight.median)} per s")
    if jdbc:
        rows.append(["verify through the JDBC store on H2, 1 / 8 threads", ", ".join(jdbc), "–",
                     "–", "–"])
    for accounts in ("1000", "1000000"):
        one = get("PostgresSignInBenchmark", "signInOneThread", accounts)
        eight = get("PostgresSignInBenchmark", "signInEightThreads", accounts)
        f1 = get("PostgresSignInBenchmark", "floorOneThread", accounts)
        f8 = get("PostgresSignInBenchmark", "floorEightThreads", accounts)
        if one and eight and f1 and f8:
            rows.append([f"sign-in on PostgreSQL, {int(accounts):,} accounts, 1 / 8 threads",
                         f"{human_rate(one.median)} / {human_rate(eight.median)} per s",
                         f"{human_rate(f1.median)} / {human_rate(f8.median)} per s "
                         f"({f1.median / one.median:.2f} / {f8.median / eight.median:.2f} ×)",
                         "–", "–"])

    lines = [README_BEGIN,
             f"From the run of {args.started[:10]} (JDK {results[0].entry['vmVersion']}, "
             f"{os.cpu_count()} cores of {cpu_model()}; medians"
             + (", smoke run: not fit for comparisons" if args.quick else "") + "):",
             "",
             "| case | otpkit | floor (otpkit ×) | fastest peer | otpkit vs fastest peer |",
             "|---|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    sentence = []
    gv = get("GenerateBenchmark", "otpkit")
    if gv and gf:
        r = gv.median / gf.median
        sentence.append(f"generating a code takes {times(r)} the floor (target "
                        f"{GENERATE_LIMIT} ×, {'met' if r <= GENERATE_LIMIT else 'missed'}) and "
                        f"allocates {gv.bytes - gf.bytes:,.0f} B more (target 128 B, "
                        f"{'met' if gv.bytes - gf.bytes <= 128 else 'missed'})")
    for code in ("valid", "wrong"):
        ours, floor = get("VerifyBenchmark", "otpkit", code), get("VerifyBenchmark", "floor", code)
        if ours and floor:
            r = ours.median / floor.median
            sentence.append(f"verifying a {code} code {times(r)} (target {VERIFY_LIMIT} ×, "
                            f"{'met' if r <= VERIFY_LIMIT else 'missed'})")
    if sentence:
        lines += ["", "Against the floor, " + "; ".join(sentence) + "."]
    lines.append(README_END)
    return lines


class Result:
    def __init__(self, entry):
        name = entry["benchmark"]
        if not name.startswith(PACKAGE):
            raise ValueError("unexpected benchmark " + name)
        self.cls, self.method = name[len(PACKAGE):].rsplit(".", 1)
        self.params = entry.get("params") or {}
        self.mode = entry["mode"]
        self.threads = entry["threads"]
        primary = entry["primaryMetric"]
        self.score = primary["score"]
        self.error = primary["scoreError"]
        self.unit = primary["scoreUnit"]
        self.raw = primary["rawData"]
        self.median = median_of_fork_medians(self.raw)
        self.fork_medians = [statistics.median(fork) for fork in self.raw]
        norm = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        self.bytes = median_of_fork_medians(norm["rawData"]) if norm else None
        self.entry = entry

    @property
    def key(self):
        return (self.cls, self.method, self.params.get("code") or self.params.get("db")
                or self.params.get("accounts") or "")

    @property
    def param(self):
        return ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))


def median_of_fork_medians(raw):
    return statistics.median(statistics.median(fork) for fork in raw)


def fmt(value, digits=None):
    if value is None:
        return "–"
    if isinstance(value, str):
        return value
    if digits is None:
        digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value:,.{digits}f}"


def fmt_error(value):
    if value is None or isinstance(value, str) or value != value:  # NaN
        return "–"
    return fmt(value)


def ratio(a, b):
    return a / b if a is not None and b else None


def cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def cpu_flags():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    return ", ".join(x for x in ("sha_ni", "avx2", "avx512f") if x in flags)
    except OSError:
        pass
    return ""


def settings_lines(results):
    """One line per distinct JMH timing, naming the benchmark classes that ran with it."""
    groups = {}
    for r in results:
        e = r.entry
        forks = e["forks"]
        text = (f"{forks} fork{'s' if forks != 1 else ''}, "
                f"{e['warmupIterations']} × {e['warmupTime']} warm-up, "
                f"{e['measurementIterations']} × {e['measurementTime']} measured per fork; "
                f"JVM options {' '.join(e['jvmArgs']) or '(defaults)'}")
        groups.setdefault(text, [])
        if r.cls not in groups[text]:
            groups[text].append(r.cls)
    first_entry = results[0].entry
    if len(groups) == 1:
        return [f"- JMH {first_entry['jmhVersion']}: {next(iter(groups))}"]
    lines = [f"- JMH {first_entry['jmhVersion']}:"]
    for text, classes in groups.items():
        lines.append(f"  - {', '.join(classes)}: {text}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("result")
    parser.add_argument("output")
    parser.add_argument("--command", required=True)
    parser.add_argument("--jmh-command", required=True)
    parser.add_argument("--started", required=True)
    parser.add_argument("--load-before", required=True)
    parser.add_argument("--load-after", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--plans", help="directory of PostgresSignInBenchmark's EXPLAIN output")
    args = parser.parse_args()

    with open(args.result, encoding="utf-8") as f:
        entries = json.load(f)
    results = [Result(e) for e in entries]
    if not results:
        sys.exit("no results in " + args.result)
    by_key = {r.key: r for r in results}

    out = []
    w = out.append
    first = results[0].entry
    w("# otpkit benchmarks")
    w("")
    w("Written by `totp-benchmarks/run.sh` (do not edit by hand). Every number below comes from one")
    w("JMH run, otpkit and the peers side by side in the same JVM settings.")
    w("")
    if args.quick:
        w("> **Smoke run (`--quick`)**: one fork and very short iterations. These numbers check that")
        w("> the benchmarks run; they are not fit for comparisons or for the targets.")
        w("")
    w("## Machine and run")
    w("")
    w(f"- CPU: {cpu_model()}, {os.cpu_count()} cores visible"
      + (f" (flags: {cpu_flags()})" if cpu_flags() else ""))
    w(f"- JDK: {first['vmName']} {first['vmVersion']} ({first['jvm']})")
    w(f"- OS: {platform.system()} {platform.release()}")
    for line in settings_lines(results):
        w(line)
    w(f"- Started {args.started}; load average (1, 5, 15 min) {args.load_before} before, "
      f"{args.load_after} after. The machine is shared: other builds may have run meanwhile.")
    w(f"- Command: `{args.command}`")
    w(f"- JMH command: `{args.jmh_command}`")
    w("")
    w("How to read the tables: *score* is JMH's mean of all measured iterations ± the half-width of")
    w("its 99.9% confidence interval. *Median* is the median of each fork's iterations, then the")
    w("median of those fork medians (with two forks, their midpoint); every ratio and every target")
    w("uses medians, because neighbours on a shared machine add outliers to means. *B/op* is")
    w("`gc.alloc.rate.norm` from `-prof gc` (same median rule). *× floor* is this row's median over")
    w("the floor's; *speed-up* is the fastest peer's median over this row's (above 1: faster).")
    w("")

    targets = []

    def kind(r):
        return LABELS.get(r.cls, {}).get(r.method, (r.method, "info"))[1]

    def label(r):
        return LABELS.get(r.cls, {}).get(r.method, (r.method, ""))[0]

    def floor_of(r):
        """The floor that a row is compared with, or None."""
        if r.cls == "VerifyWithStoreBenchmark":
            return by_key.get(("VerifyBenchmark", "floor", r.method))
        if r.cls in ("GenerateBenchmark", "VerifyBenchmark", "HotpVerifyBenchmark"):
            return by_key.get((r.cls, "floor", r.key[2]))
        return None

    def pg_floor_of(r):
        """The PostgreSQL floor of a sign-in row: same accounts, same threads."""
        name = {"signInOneThread": "floorOneThread",
                "signInEightThreads": "floorEightThreads"}.get(r.method)
        return by_key.get(("PostgresSignInBenchmark", name, r.key[2])) if name else None

    def peers_of(r):
        """The peer rows that a row's speed-up is computed against."""
        if r.cls == "VerifyWithStoreBenchmark":
            return [x for x in results if x.cls == "VerifyBenchmark" and x.key[2] == r.method
                    and kind(x) == "verifier"]
        wanted = ("verifier",) if r.cls in ("VerifyBenchmark", "HotpVerifyBenchmark") \
            else ("peer", "verifier")
        return [x for x in results if x.cls == r.cls and x.key[2] == r.key[2]
                and kind(x) in wanted and QR_GROUPS.get(x.method) == QR_GROUPS.get(r.method)]

    for cls, title in SECTIONS:
        rows = [r for r in results if r.cls == cls]
        if not rows:
            continue
        w(f"## {title}")
        w("")
        if NOTES.get(cls):
            w(NOTES[cls])
            w("")
        if rows[0].mode == "thrpt":
            pg = cls == "PostgresSignInBenchmark"
            w("| case | param | threads | ops/s (score ± error) | median ops/s | B/op |"
              + (" floor / this |" if pg else ""))
            w("|---|---|---|---|---|---|" + ("---|" if pg else ""))
            for r in sorted(rows, key=lambda r: (r.key[2], r.threads)):
                cells = [label(r), r.key[2], str(r.threads), f"{fmt(r.score)} ± {fmt_error(r.error)}",
                         fmt(r.median), fmt(r.bytes)]
                if pg:
                    floor = pg_floor_of(r)
                    cells.append(fmt(ratio(floor.median, r.median), 2) + "×"
                                 if floor and floor is not r else "–")
                w("| " + " | ".join(cells) + " |")
            w("")
            if pg:
                write_plans(w, args.plans, rows)
            continue
        extra = cls == "VerifyWithStoreBenchmark"
        w("| case | param | ns/op (score ± error) | median ns/op | B/op | × floor | "
          + ("× without store | " if extra else "") + "speed-up vs fastest peer |")
        w("|---|---|---|---|---|---|---|" + ("---|" if extra else ""))
        order = {"floor": 0, "otpkit": 1, "info": 2, "verifier": 3, "peer": 4}
        groups = sorted({(QR_GROUP_ORDER.get(QR_GROUPS.get(r.method), 0), r.key[2]) for r in rows})
        for group_order, p in groups:
            group = [r for r in rows if r.key[2] == p
                     and QR_GROUP_ORDER.get(QR_GROUPS.get(r.method), 0) == group_order]
            for r in sorted(group, key=lambda r: (order[kind(r)], r.median)):
                mark = "**" if kind(r) == "otpkit" else ""
                floor = floor_of(r)
                peers = peers_of(r)
                fastest = min(peers, key=lambda x: x.median) if peers else None
                x_floor = fmt(ratio(r.median, floor.median), 2) + "×" if floor else "–"
                speed = (fmt(ratio(fastest.median, r.median), 2) + f"× ({fastest.method})"
                         if fastest and fastest is not r else "–")
                param = p or (r.method if extra else "–")
                cells = [f"{mark}{label(r)}{mark}", param,
                         f"{fmt(r.score)} ± {fmt_error(r.error)}", fmt(r.median), fmt(r.bytes),
                         x_floor]
                if extra:
                    plain = by_key.get(("VerifyBenchmark", "otpkit", r.method))
                    cells.append(fmt(ratio(r.median, plain.median), 2) + "×" if plain else "–")
                cells.append(speed)
                w("| " + " | ".join(cells) + " |")
        w("")

    # Targets of issue 7.
    def get(cls, method, param=""):
        return by_key.get((cls, method, param))

    def target(text, value, limit, higher_is_better, detail, unit="×"):
        if value is None:
            targets.append((text, "not measured", "–", detail))
            return
        ok = value >= limit if higher_is_better else value <= limit
        targets.append((text, f"{fmt(value, 2)}{unit}", "**met**" if ok else "**missed**", detail))

    def ceiling(fastest, floor, name):
        """What the floor itself gains on the fastest peer: the most a library at the floor gets."""
        if not floor:
            return ""
        return f"; floor ({name}) itself: {fmt(ratio(fastest.median, floor.median), 2)}×"

    g_floor = get("GenerateBenchmark", "floor")
    g_peers = [r for r in results if r.cls == "GenerateBenchmark"
               and LABELS["GenerateBenchmark"].get(r.method, ("", ""))[1] == "peer"]
    g_fastest = min(g_peers, key=lambda r: r.median) if g_peers else None
    for method in ("otpkit", "otpkitValue"):
        r = get("GenerateBenchmark", method)
        if r and g_floor:
            target(f"generate `{method}` ≤ {GENERATE_LIMIT} × floor (a)",
                   ratio(r.median, g_floor.median), GENERATE_LIMIT,
                   False, f"{fmt(r.median)} vs {fmt(g_floor.median)} ns")
        if r and g_fastest:
            target(f"generate `{method}` ≥ 2 × faster than the fastest peer "
                   f"(`{g_fastest.method}`)", ratio(g_fastest.median, r.median), 2, True,
                   f"{fmt(g_fastest.median)} vs {fmt(r.median)} ns"
                   + ceiling(g_fastest, g_floor, "a"))
    for code in ("valid", "wrong"):
        floor = get("VerifyBenchmark", "floor", code)
        ours = get("VerifyBenchmark", "otpkit", code)
        verifiers = [r for r in results if r.cls == "VerifyBenchmark" and r.key[2] == code
                     and LABELS["VerifyBenchmark"].get(r.method, ("", ""))[1] == "verifier"]
        fastest = min(verifiers, key=lambda r: r.median) if verifiers else None
        if ours and floor:
            target(f"verify {code} ≤ {VERIFY_LIMIT} × floor (b)", ratio(ours.median, floor.median),
                   VERIFY_LIMIT, False,
                   f"{fmt(ours.median)} vs {fmt(floor.median)} ns")
        if ours and fastest:
            target(f"verify {code} ≥ 3 × faster than the fastest peer that verifies "
                   f"(`{fastest.method}`)", ratio(fastest.median, ours.median), 3, True,
                   f"{fmt(fastest.median)} vs {fmt(ours.median)} ns"
                   + ceiling(fastest, floor, "b"))
        stored = get("VerifyWithStoreBenchmark", code)
        if stored and ours:
            target(f"verify {code} with the in-memory store ≤ 1.5 × without",
                   ratio(stored.median, ours.median), 1.5, False,
                   f"{fmt(stored.median)} vs {fmt(ours.median)} ns")
    allocation = [
        ("generate `otpkit`", get("GenerateBenchmark", "otpkit"), g_floor),
        ("generate `otpkitValue`", get("GenerateBenchmark", "otpkitValue"), g_floor),
    ]
    for code in ("valid", "wrong"):
        floor = get("VerifyBenchmark", "floor", code)
        allocation.append((f"verify {code}", get("VerifyBenchmark", "otpkit", code), floor))
        allocation.append((f"verify {code} with the in-memory store",
                           get("VerifyWithStoreBenchmark", code), floor))
        allocation.append((f"HOTP verify {code}", get("HotpVerifyBenchmark", "otpkit", code),
                           get("HotpVerifyBenchmark", "floor", code)))
    for text, ours, floor in allocation:
        if ours and floor and ours.bytes is not None and floor.bytes is not None:
            target(f"allocation, {text} ≤ floor + 128 B/op", ours.bytes - floor.bytes, 128, False,
                   f"{fmt(ours.bytes)} vs {fmt(floor.bytes)} B/op", unit=" B/op over floor")
    png = get("QrBenchmark", "pngOtpkit")
    for method in ("pngZxing", "pngZxingNoCache"):
        zx = get("QrBenchmark", method)
        if png and zx:
            target(f"QR PNG ≥ 3 × faster than zxing javase + ImageIO (`{method}`), same matrix",
                   ratio(zx.median, png.median), 3, True,
                   f"{fmt(zx.median)} vs {fmt(png.median)} ns")

    # Targets of issue 13: sign-ins on PostgreSQL near the floor, and as fast on a million accounts.
    for accounts in ("1000", "1000000"):
        for method, floor_method in (("signInOneThread", "floorOneThread"),
                                     ("signInEightThreads", "floorEightThreads")):
            ours = get("PostgresSignInBenchmark", method, accounts)
            floor = get("PostgresSignInBenchmark", floor_method, accounts)
            if ours and floor:
                target(f"PostgreSQL sign-in `{method}`, {int(accounts):,} accounts, within 1.5 × "
                       f"the floor", ratio(floor.median, ours.median), 1.5, False,
                       f"{fmt(ours.median)} vs {fmt(floor.median)} ops/s")
    for method in ("signInOneThread", "signInEightThreads", "deleteExpiredEnrollments"):
        small = get("PostgresSignInBenchmark", method, "1000")
        large = get("PostgresSignInBenchmark", method, "1000000")
        if small and large:
            target(f"PostgreSQL `{method}` with 1,000,000 accounts at least 0.8 × the rate with "
                   f"1,000", ratio(large.median, small.median), 0.8, True,
                   f"{fmt(large.median)} vs {fmt(small.median)} ops/s")

    plans = read_plans(args.plans)
    for accounts, text in sorted(plans.items()):
        if int(accounts) >= 100_000:
            scans = text.count("Seq Scan")
            targets.append((f"PostgreSQL `deleteExpiredEnrollments`, {int(accounts):,} accounts, "
                            "no sequential scan in `EXPLAIN`",
                            f"{scans} Seq Scan", "**met**" if scans == 0 else "**missed**",
                            "plans above"))

    w("## Targets (issues 7, 12 and 13)")
    w("")
    if args.quick:
        w("> Smoke run: the verdicts below are not meaningful.")
        w("")
    w("| target | measured | verdict | medians |")
    w("|---|---|---|---|")
    for text, value, verdict, detail in targets:
        w(f"| {text} | {value} | {verdict} | {detail} |")
    w("")
    w("A speed-up target over a peer can only be met by a library that comes close enough to the")
    w("floor: the *floor itself* figure is the speed-up of the floor over that peer, the ceiling for")
    w("any library built on the JDK's SHA-1.")
    w("")
    w("Allocation targets compare otpkit with the floor of the same case; cases without a floor")
    w("(Base32, QR, JDBC) report B/op only.")
    w("")
    block = readme_block(results, by_key, args)
    w("## README figures")
    w("")
    w("The README's performance figures, generated from this run. `totp-benchmarks/readme-figures.py`")
    w("copies the block between the markers into README.md; `BenchmarkResultsTest` fails the build")
    w("when the README's block differs from this one.")
    w("")
    out.extend(block)
    w("")
    w("## Per-fork medians")
    w("")
    w("The medians of each fork, to show how far two JVMs of the same case disagree on this machine.")
    w("")
    w("| benchmark | param | unit | fork medians |")
    w("|---|---|---|---|")
    for r in results:
        w(f"| {r.cls}.{r.method} | {r.param or '–'} | {r.unit} | "
          f"{', '.join(fmt(m) for m in r.fork_medians)} |")
    w("")

    with open(args.output, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


if __name__ == "__main__":
    main()
