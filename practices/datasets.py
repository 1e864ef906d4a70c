"""The open-data catalogue's registry: every collection API with a `dataset_name` adds itself here when
it is defined, so the DCAT-AP catalogue (API) and the open-data page (web) list the same datasets."""

DATASETS: list[type] = []
