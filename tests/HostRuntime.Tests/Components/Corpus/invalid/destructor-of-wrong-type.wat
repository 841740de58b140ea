;; A resource destructor of type () -> (i32).
(component
  (core module $m (func (export "dtor") (result i32) i32.const 0))
  (core instance $i (instantiate $m))
  (alias core export $i "dtor" (core func $dtor))
  (type $r (resource (rep i32) (dtor (core func $dtor))))
)
