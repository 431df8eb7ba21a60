"""The pluggable platform client: the contract in base.py, adapters as subpackages."""
