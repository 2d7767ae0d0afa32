// The pure-JS twin's types are the native package's: the same classes and functions.
export {
  HashRing,
  BoundedLoadRing,
  jumpHash,
} from '../index.js'
