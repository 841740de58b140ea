;; A function import whose type is a record.
(component
  (type $r (record (field "a" u32)))
  (import "f" (func (type $r)))
)
