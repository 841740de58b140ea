;; An alias taking an imported instance's function as an instance, then aliasing out of it.
(component
  (type $i (instance (export "f" (func))))
  (import "i" (instance $i (type $i)))
  (alias export $i "f" (instance $not-instance))
  (alias export $not-instance "x" (func))
)
