;; An alias taking a function exported by an instance built from exports as an instance.
(component
  (import "f" (func $f))
  (instance $x (export "f" (func $f)))
  (alias export $x "f" (instance $not-instance))
  (alias export $not-instance "y" (func))
)
