"""The science: text normalisation, features, the risk model and streaming early warning."""
