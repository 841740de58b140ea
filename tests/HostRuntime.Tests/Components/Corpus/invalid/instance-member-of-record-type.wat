;; An instance type exporting a function whose type is a record.
(component
  (type $i (instance
    (type $r (record (field "a" u32)))
    (export "f" (func (type $r)))
  ))
  (import "i" (instance (type $i)))
)
