import datasets


class WithScript(datasets.GeneratorBasedBuilder):
    pass
