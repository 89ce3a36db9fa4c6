"""The `datasets` library's side of bench/side-by-side.ts: for the repo named in argv[1] (HF_ENDPOINT points
at the local Hub, HF_HOME at a fresh folder), `get_dataset_config_names`, then one `get_dataset_config_info`
per config (one builder per config: what dataset-viewer's /splits step calls), timed after the imports.
Prints one JSON line, with each config's splits (and their num_examples when the info has them) so that the
benchmark can check both sides give the same answer."""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import datasets  # noqa: E402
from datasets import get_dataset_config_info, get_dataset_config_names  # noqa: E402

datasets.logging.set_verbosity_error()
datasets.disable_progress_bars()

repo_id = sys.argv[1]
t0 = time.perf_counter()
configs = get_dataset_config_names(repo_id)
answer = []
for config in configs:
    info = get_dataset_config_info(repo_id, config)
    for name, split in info.splits.items():
        # a SplitInfo from dataset_info, or a plain dict {"name", "dataset_name"} from the builder's split generators
        rows = split.get("num_examples") if isinstance(split, dict) else split.num_examples
        answer.append([config, name, rows or None])
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "configs": len(configs), "splits": len(answer), "answer": answer, "version": datasets.__version__}))
