;; canon lift with a record as the function type.
(component
  (core module $m (func (export "f")))
  (core instance $i (instantiate $m))
  (type $r (record (field "a" u32)))
  (func $f (type $r) (canon lift (core func $i "f")))
  (export "f" (func $f))
)
