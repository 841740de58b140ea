;; An instance import whose type is a function type.
(component
  (type $f (func))
  (import "i" (instance (type $f)))
)
