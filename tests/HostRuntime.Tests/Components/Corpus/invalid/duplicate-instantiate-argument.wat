;; Two core instantiate arguments named "a".
(component
  (core module $m (import "a" "f" (func)))
  (core module $e (func (export "f")))
  (core instance $ei (instantiate $e))
  (core instance $i (instantiate $m (with "a" (instance $ei)) (with "a" (instance $ei))))
)
