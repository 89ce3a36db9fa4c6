"""The `datasets` library's answer for each repo named on stdin (one id a line): config names, split names
and a streamed row count per split, as JSON lines on stdout. One process for the whole batch, so the
library is imported once. HF_ENDPOINT points it at the local Hub."""
import json
import os
import signal
import sys
import traceback
import warnings

warnings.filterwarnings("ignore")
import datasets  # noqa: E402
from datasets import get_dataset_config_names, get_dataset_default_config_name, load_dataset_builder  # noqa: E402
from datasets.download.streaming_download_manager import StreamingDownloadManager  # noqa: E402
from datasets.inspect import SplitsNotFoundError  # noqa: E402

datasets.logging.set_verbosity_error()
datasets.disable_progress_bars()

MAX_ROWS = int(os.environ.get("PARITY_MAX_ROWS", "100000"))
TIME_LIMIT = int(os.environ.get("PARITY_TIME_LIMIT", "60"))


class TimeLimit(Exception):
    pass


def on_alarm(signum, frame):
    raise TimeLimit(f"over {TIME_LIMIT}s")


def describe(err: BaseException) -> dict:
    """The exception, its causes (outermost first) and the library functions it went through."""
    chain = []
    e = err
    while e is not None and len(chain) < 6:
        chain.append({"type": type(e).__name__, "mro": [c.__name__ for c in type(e).__mro__][:6], "message": str(e)[:500]})
        e = e.__cause__ or e.__context__
    frames = [f.name for f in traceback.extract_tb(err.__traceback__)]
    return {"chain": chain, "frames": frames[-25:]}


def split_names(builder, repo_id):
    """get_dataset_config_info's split names, from the builder we keep for counting."""
    info = builder.info
    if info.splits is not None:
        return list(info.splits)
    try:
        return [g.name for g in builder._split_generators(StreamingDownloadManager(base_path=builder.base_path))]
    except Exception as err:
        raise SplitsNotFoundError("The split names could not be parsed from the dataset config.") from err


def count(builder, split):
    ds = builder.as_streaming_dataset(split=split)
    # The rows as the builder streams them, before the features encode or decode them: counting needs no
    # Pillow or audio backend.
    n = 0
    for _ in ds._ex_iterable:
        n += 1
        if n >= MAX_ROWS:
            return {"error": {"chain": [{"type": "TooManyRows", "mro": [], "message": str(MAX_ROWS)}], "frames": []}}
    return n


def answer(repo_id, with_counts):
    out = {"id": repo_id}
    try:
        out["configs"] = [str(c) for c in get_dataset_config_names(repo_id)]
        default = get_dataset_default_config_name(repo_id)
        out["default"] = None if default is None else str(default)
    except BaseException as err:  # noqa: BLE001 - every failure is an answer
        if isinstance(err, KeyboardInterrupt):
            raise
        out["error"] = {"stage": "configs", **describe(err)}
        return out
    out["splits"] = {}
    for config in out["configs"]:
        entry = {}
        out["splits"][config] = entry
        try:
            builder = load_dataset_builder(repo_id, config)
            entry["names"] = [str(s) for s in split_names(builder, repo_id)]
            if builder.info.splits is not None:
                # the split names came from dataset_info: so do the numbers the library gives
                entry["declared"] = {str(k): v.num_examples for k, v in builder.info.splits.items()}
        except BaseException as err:  # noqa: BLE001
            if isinstance(err, KeyboardInterrupt):
                raise
            entry["error"] = describe(err)
            continue
        if with_counts:
            entry["counts"] = {}
            for split in entry["names"]:
                try:
                    entry["counts"][split] = count(builder, split)
                except BaseException as err:  # noqa: BLE001
                    if isinstance(err, (KeyboardInterrupt, TimeLimit)):
                        raise
                    entry["counts"][split] = {"error": describe(err)}
    return out


def main():
    with_counts = os.environ.get("PARITY_COUNTS", "1") == "1"
    signal.signal(signal.SIGALRM, on_alarm)
    print(json.dumps({"ready": True, "version": datasets.__version__}), flush=True)
    for line in sys.stdin:
        repo_id = line.strip()
        if not repo_id:
            continue
        signal.alarm(TIME_LIMIT)
        try:
            out = answer(repo_id, with_counts)
        except TimeLimit as err:
            out = {"id": repo_id, "error": {"stage": "time", **describe(err)}}
        finally:
            signal.alarm(0)
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
