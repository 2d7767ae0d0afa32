// The pure-JS twin's types are the native package's: the same classes and functions.
export {
  AtomicCounter,
  StripedCounter,
} from '../index.js'
