"""The matching engine: pure computation over column arrays, with no Django import.

``columns`` describes candidates as numpy arrays and needs as frozen
specifications; ``scoring`` filters and scores one need against all
candidates, with an explanation for every result; ``allocation`` spreads
proposals across many needs. A selector builds the input, a service stores
the output.
"""
