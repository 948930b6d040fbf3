# Sourced by bin/cvae-train (and bench/training-speed.sh, which measures what it runs): how libnd4j's OpenMP threads
# behave. A value already set in the environment wins.
#
# OpenMP threads sleep between parallel regions instead of spinning. A training step runs about 300 small ops, each a
# parallel region; spinning threads take the cores from each other, from oneDNN's and from other processes, and on
# two shared cores made an MLP epoch 6 times slower (docs/training-speed.md). With passive threads, two threads train
# twice as fast as one there, so the thread count is left to ND4J, which sizes it from the cores (it logs "Number of
# threads used for linear algebra"); OMP_NUM_THREADS overrides it. The thread count can change the last bits of
# oneDNN's sums and so the trained weights: a run repeats exactly with the same OMP_NUM_THREADS on the same machine.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
