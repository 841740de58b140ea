;; The memory option of a canon lower names a core function (aliased as a memory).
(component
  (import "f" (func $f (param "s" string)))
  (core module $m (func (export "g")) (memory (export "mem") 1))
  (core instance $i (instantiate $m))
  (alias core export $i "g" (core memory $not-memory))
  (core func (canon lower (func $f) (memory $not-memory)))
)
