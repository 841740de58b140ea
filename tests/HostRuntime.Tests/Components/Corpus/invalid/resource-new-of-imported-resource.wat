;; canon resource.new of a resource the component imports rather than defines.
(component
  (import "r" (type $r (sub resource)))
  (core func (canon resource.new $r))
)
