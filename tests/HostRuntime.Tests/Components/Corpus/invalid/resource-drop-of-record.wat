;; canon resource.drop of a record type.
(component
  (type $r (record (field "a" u32)))
  (core func (canon resource.drop $r))
)
