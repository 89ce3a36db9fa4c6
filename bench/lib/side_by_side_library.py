"""The `datasets` library's side of bench/side-by-side.ts: for the repo named in argv[1] (HF_ENDPOINT points
at the local Hub, HF_HOME at a fresh folder), `get_dataset_config_names`, then `get_dataset_split_names` and
`load_dataset_builder(...).info` for each config, timed after the imports. Prints one JSON line."""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import datasets  # noqa: E402
from datasets import get_dataset_config_names, get_dataset_split_names, load_dataset_builder  # noqa: E402

datasets.logging.set_verbosity_error()
datasets.disable_progress_bars()

repo_id = sys.argv[1]
t0 = time.perf_counter()
configs = get_dataset_config_names(repo_id)
splits = 0
for config in configs:
    splits += len(get_dataset_split_names(repo_id, config))
    load_dataset_builder(repo_id, config).info
seconds = time.perf_counter() - t0
print(json.dumps({"seconds": seconds, "configs": len(configs), "splits": splits, "version": datasets.__version__}))
