"""PolicyQA: question answering with verified citations over Chinese policy documents."""

__version__ = "0.1.0"
