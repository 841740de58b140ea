;; An alias of an export the imported instance's type does not declare.
(component
  (type $i (instance (export "f" (func))))
  (import "i" (instance $i (type $i)))
  (alias export $i "g" (func))
)
