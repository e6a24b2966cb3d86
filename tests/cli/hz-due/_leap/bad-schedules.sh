# each bad schedule file is a usage error (exit 2), with no output on stdout
bad() { printf '%s\n' "$@" > bad.csv; hz-due --schedule bad.csv --print-schedule; echo "exit $?"; }
bad 'code,label,applies,every' 'x,,enterprise,month'
bad 'code,label,applies,every' 'x,X,everyone,month'
bad 'code,label,applies,every' 'x,X,enterprise,weekly'
bad 'code,label,applies,every,due' 'x,X,enterprise,once,'
bad 'code,label,applies,every,due' 'x,X,enterprise,month,28'
bad 'code,label,applies,every,due' 'x,X,office,month,32'
bad 'code,label,applies,every,start,end' 'x,X,enterprise,month,2024-03-01,2024-02-29'
bad 'code,label,applies,every,by' 'x,X,enterprise,month,checks'
bad 'code,label,applies' 'x,X,enterprise'
bad 'code,label,applies,every' 'x,X,enterprise,month' 'x,X,office,month'
