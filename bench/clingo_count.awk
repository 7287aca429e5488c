# Reads `clingo PROGRAM.lp 0 -V0` (one answer set a line) and prints "scenarios N", then each shown atom with the
# number of answer sets it is in: the per-atom counts `policydsl scenarios` reports.
/^(SATISFIABLE|UNSATISFIABLE|UNKNOWN|OPTIMUM FOUND)$/ { next }
{ models++; for (i = 1; i <= NF; i++) seen[$i]++ }
END { print "scenarios", models; for (atom in seen) print atom, seen[atom] }
