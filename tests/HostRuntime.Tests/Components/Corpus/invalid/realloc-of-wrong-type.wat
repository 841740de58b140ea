;; The realloc option of a canon lower names a function of type () -> ().
(component
  (import "f" (func $f (param "s" string)))
  (core module $m (func (export "g")) (memory (export "mem") 1))
  (core instance $i (instantiate $m))
  (alias core export $i "mem" (core memory $mem))
  (alias core export $i "g" (core func $g))
  (core func (canon lower (func $f) (memory $mem) (realloc $g)))
)
