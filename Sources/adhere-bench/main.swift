// adhere-bench: benchmarks that print comparisons against established tools.
print("adhere-bench: no benchmarks yet")
