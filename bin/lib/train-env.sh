# Sourced by bin/cvae-train (and bench/training-speed.sh, which measures what it runs): libnd4j's threading.
# Each default gives way to a value already set in the environment.
# libnd4j runs several times slower with more OpenMP threads than free cores; one thread is the default here.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
